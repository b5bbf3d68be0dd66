// Every error the API can return: a stable code and its general Chinese message. A domain refusal
// carries a more precise sentence of its own (server/kernel/errors.ts DOMAIN_ERRORS); nothing else reaches users.
// The general messages name no module: notices, suggestions and visits share them with complaints.
export const API_ERRORS = {
  BAD_REQUEST: '请求内容有误，请检查后重试',
  UNKNOWN_ACTION: '不支持的操作',
  NOT_SIGNED_IN: '请在微信中打开小程序后重试',
  NOT_BOUND: '请先绑定您的房屋',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到要查看的内容，可能已被删除',
  CONFLICT: '内容刚刚被其他人更新，请刷新后重试',
  ILLEGAL_TRANSITION: '当前状态下不能进行此操作',
  PAUSED: '计时已暂停，请先恢复计时',
  RATE_LIMITED: '提交太频繁，请稍后再试',
  CONTENT_RISKY: '内容包含不当信息，请修改后再提交',
  PHOTO_NOT_YOURS: '照片无效，请重新上传',
  PHONE_NOT_REGISTERED: '该手机号未在此房屋登记，请核对或联系物业',
  TOO_MANY_ATTEMPTS: '验证失败次数过多，请一小时后再试，或联系物业',
  VALIDATION: '填写的内容不完整或不正确',
  /** The deployment is incomplete (e.g. a 云调用 permission not registered): nothing the person can fix. */
  NOT_CONFIGURED: '系统配置未完成，暂时无法提交，请联系物业客服',
  INTERNAL: '系统繁忙，请稍后再试',
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiFailure {
  ok: false;
  code: ApiErrorCode;
  message: string;
  /** The precise reason (a domain code or the invalid field), for logs and tests; never shown as is. */
  detail?: string;
}

export interface ApiSuccess<T> {
  ok: true;
  data: T;
}

export type ApiResult<T> = ApiSuccess<T> | ApiFailure;
