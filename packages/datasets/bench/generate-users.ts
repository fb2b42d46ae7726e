// Generates users offline with rendered images and prints throughput and peak memory.
// Run: node --conditions=source --import tsx packages/datasets/bench/generate-users.ts [count] [seed]
import { generateUsers, offlineGenerator } from '../src/generator/index.ts';

const count = Number(process.argv[2] ?? 100);
const seed = process.argv[3] ?? 'bench';

const started = performance.now();
let users = 0;
let posts = 0;
let images = 0;
let imageBytes = 0;
let leaks = 0;
for await (const user of generateUsers({ count, seed, engine: offlineGenerator() })) {
  users++;
  for (const post of user.posts) {
    posts++;
    leaks += post.leaks?.length ?? 0;
    if (post.image?.bytes) {
      images++;
      imageBytes += post.image.bytes.byteLength;
    }
  }
}
const seconds = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;

console.log(
  `users: ${users}, posts: ${posts}, images: ${images} (${(imageBytes / 1e6).toFixed(1)} MB PNG), leaks: ${leaks}`,
);
console.log(
  `time: ${seconds.toFixed(2)} s, users/s: ${(users / seconds).toFixed(1)}, ms/image: ${((seconds * 1000) / Math.max(1, images)).toFixed(1)}`,
);
console.log(`peak RSS: ${peakMb.toFixed(0)} MB`);
