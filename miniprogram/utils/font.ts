// Whether the person reads WeChat at a large font (我 → 设置 → 通用 → 字体大小). Pages with a form put
// each van-field's label above its input then (app.wxss `.field--stacked`): side by side, a label at
// 1.5× takes half a 320-pt row and leaves the input a sliver. vant 1.11.7's field has no label-align.
/** The standard setting is 16–17 px (Android, iOS); one step up on either is 20 px or more. */
export const LARGE_FONT_PX = 20;

export function largeText(): boolean {
  try {
    return wx.getAppBaseInfo().fontSizeSetting >= LARGE_FONT_PX;
  } catch {
    // An older WeChat without getAppBaseInfo: the side-by-side layout, which works at the standard size.
    return false;
  }
}
