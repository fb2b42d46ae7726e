import { packageProject } from '../../vitest.shared.ts';

// Tests start real servers over the offline engine; a cold first scan takes seconds on a loaded 2-core box.
export default packageProject('server', { testTimeout: 60_000 });
