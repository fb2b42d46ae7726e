#!/usr/bin/env node
import { Command } from 'commander';

const program = new Command('privlens').description('Audit multimodal LLMs for privacy risk.');
program.parse();
