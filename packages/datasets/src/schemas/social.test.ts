import { describe, expect, it } from 'vitest';
import { SocialUser } from './social.ts';

describe('SocialUser', () => {
  it('fills defaults and keeps a composite ground truth', () => {
    const user = SocialUser.parse({
      id: 'u1',
      posts: [{ id: 'p1', text: 'hello', image: { path: 'a.png' } }],
      profile: { AGE: 34, LOC: { birthplace: 'Japan', travel: ['USA'] } },
    });
    expect(user.source).toBe('privlens');
    expect(user.posts[0]?.image?.mimeType).toBe('image/png');
    expect(user.profile?.LOC).toEqual({ birthplace: 'Japan', travel: ['USA'] });
  });

  it('names the field of a bad record', () => {
    const r = SocialUser.safeParse({ id: 'u1', posts: [{ id: '', text: 1 }] });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('posts.0.id');
    expect(paths).toContain('posts.0.text');
  });
});
