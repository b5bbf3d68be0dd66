// How texts are packed for security.msgSecCheck (≤ 2,500 characters a call): as few calls as the
// limit allows, every text whole when it fits, a longer one in overlapping slices.
import { contentChunks, MSG_SEC_CHECK_MAX } from '../../server/kernel/content';

const length = (s: string) => [...s].length;

it('packs short texts into one call, joined by new lines, and repeats none', () => {
  expect(contentChunks(['楼上漏水', '尽快维修', '楼上漏水'])).toEqual(['楼上漏水\n尽快维修']);
});

it('starts a new call when the next text would pass the limit, counting characters (not UTF-16 units)', () => {
  const a = '楼'.repeat(2000);
  const b = '🙂'.repeat(501);
  const chunks = contentChunks([a, b]);
  expect(chunks).toEqual([a, b]);
  expect(chunks.every((c) => length(c) <= MSG_SEC_CHECK_MAX)).toBe(true);
});

it('splits a text longer than one call into slices that overlap, so a word at a cut is seen whole', () => {
  // 赌博 straddles the 2,500th character: without an overlap neither slice would hold it.
  const text = `${'楼'.repeat(2499)}赌博${'修'.repeat(100)}`;
  const chunks = contentChunks([text]);
  expect(chunks.length).toBe(2);
  expect(chunks.every((c) => length(c) <= MSG_SEC_CHECK_MAX)).toBe(true);
  expect(chunks.some((c) => c.includes('赌博'))).toBe(true);
});
