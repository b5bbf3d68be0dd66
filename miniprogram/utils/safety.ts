// What to tell someone reporting an emergency before help arrives, and the number to call: shown with
// the read-back when the text names an emergency (the keywords complaint.preview matched). One place
// for these words, so every screen that takes a complaint says the same.

/** Advice by what the matched keyword is about; a company's own keywords fall back to the general line. */
const ADVICE: Array<{ about: string[]; advice: string }> = [
  { about: ['电梯', '被困'], advice: '被困在电梯里：保持冷静，按轿厢内的警铃或对讲，不要扒门、不要强行离开轿厢，等待救援。' },
  { about: ['水管', '爆管', '漏水', '浸水'], advice: '漏水、浸水：先关闭入户总阀，断开进水区域的电源，把贵重物品移到高处。' },
  { about: ['火', '冒烟'], advice: '起火、冒烟：立即离开，走楼梯不要乘电梯，用湿毛巾捂住口鼻，并拨打 119。' },
  { about: ['燃气', '煤气'], advice: '燃气泄漏：关闭燃气阀门，打开门窗通风，不要开关电器、不要用明火，到室外再打电话。' },
  { about: ['漏电', '触电'], advice: '漏电、触电：不要触碰带电设备和积水；有人触电先断开电源再施救，并拨打 120。' },
  { about: ['坍塌', '坠落'], advice: '坍塌、坠落：远离危险区域，不要靠近查看；有人受伤立即拨打 120。' },
];
const GENERAL = '先确保人身安全、远离危险；有人受伤或被困，请立即拨打 110、119 或 120。';

/** The advice for the matched keywords: one line per kind of danger, then the general line. */
export function safetyAdvice(matchedKeywords: string[]): string[] {
  const lines = ADVICE.filter((a) => matchedKeywords.some((k) => a.about.some((w) => k.includes(w)))).map((a) => a.advice);
  return [...lines, GENERAL];
}

/** The 24-hour number from the company policy, or whom to call while the company has set none. */
export function emergencyContact(desk: { name: string; phone: string }): { text: string; phone: string } {
  if (desk.phone) return { text: `24 小时电话：${desk.name} ${desk.phone}`, phone: desk.phone };
  return { text: '尚无 24 小时电话：请立即致电值班经理', phone: '' };
}

/** 「8:00–20:00」 (any dash, 至, 到 or ~ between): the first time range written in a desk's hours, in minutes of the day. */
const RANGE = /(\d{1,2})[:：](\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2})[:：](\d{2})/;

/**
 * Whether a desk with these hours answers at `now` (the phone's clock, where the owner and the desk
 * are): null when the hours say no time range we can read, so nothing is decided on a guess. A range
 * past midnight (20:00–8:00) wraps. Days of the week are not read: a desk written as 「周一至周五
 * 9:00–18:00」 counts as open at 10:00 on a Sunday.
 */
export function deskOpenAt(hours: string, now: Date): boolean | null {
  const m = RANGE.exec(hours);
  if (!m) return null;
  const [from, to] = [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
  const at = now.getHours() * 60 + now.getMinutes();
  return from <= to ? at >= from && at < to : at >= from || at < to;
}

/**
 * The number an owner filing an emergency is given: the company's 24-hour number; while there is none,
 * their community's 客服中心 with its hours, but only while it is open — a desk that does not answer at
 * 05:30 is no number to give someone with a burst pipe (an owner cannot reach the duty manager directly).
 */
export function ownerEmergencyContact(company: { name: string; phone: string }, desk: { name: string; phone: string; hours: string } | null, now: Date): { text: string; phone: string } {
  if (company.phone) return emergencyContact(company);
  const noNumber = '物业尚未公布 24 小时电话：提交后将按紧急立即通知值班人员';
  if (!desk?.phone) return { text: noNumber, phone: '' };
  if (deskOpenAt(desk.hours, now) === false) return { text: `${desk.name}现在不在服务时间（${desk.hours}）。${noNumber}`, phone: '' };
  return { text: `${desk.name} ${desk.phone}${desk.hours ? `（${desk.hours}）` : ''}`, phone: desk.phone };
}
