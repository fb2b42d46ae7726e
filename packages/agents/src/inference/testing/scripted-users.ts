import type { AttributeSet, SocialUser } from '@privlens/datasets';

/** Two targets that need both steps: an occupation and a composite part. */
export const MINI_ATTRIBUTES: AttributeSet = {
  name: 'mini',
  attributes: [
    { key: 'OCC', label: 'occupation', kind: 'categorical', options: ['nurse', 'teacher'] },
    {
      key: 'LOC',
      label: 'location',
      kind: 'composite',
      parts: [{ key: 'birthplace', label: 'place of birth', kind: 'free-text' }],
    },
  ],
};

/** Users u0..u(n-1): odd ones are teachers from Lyon, even ones nurses from Porto; every second post has an image. */
export function scriptedUsers(count: number): SocialUser[] {
  return Array.from({ length: count }, (_, i) => {
    const [job, city] = i % 2 ? ['teacher', 'Lyon'] : ['nurse', 'Porto'];
    return {
      id: `u${i}`,
      source: 'test',
      attributeSet: 'mini',
      posts: [
        { id: `u${i}/p1`, text: `Long shift today, being a ${job} is hard.` },
        {
          id: `u${i}/p2`,
          text: `Back home in ${city} for the weekend.`,
          image: { bytes: new Uint8Array([137, 80, 78, 71, i, i + 1, i + 2]), mimeType: 'image/png' },
        },
      ],
    };
  });
}
