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

/**
 * The number an owner filing an emergency is given: the company's 24-hour number; while there is none,
 * their community's 客服中心 with its hours (an owner cannot reach the duty manager directly).
 */
export function ownerEmergencyContact(company: { name: string; phone: string }, desk: { name: string; phone: string; hours: string } | null): { text: string; phone: string } {
  if (company.phone) return emergencyContact(company);
  if (desk?.phone) return { text: `${desk.name} ${desk.phone}${desk.hours ? `（${desk.hours}）` : ''}`, phone: desk.phone };
  return { text: '物业尚未公布 24 小时电话：提交后将按紧急立即通知值班人员', phone: '' };
}
