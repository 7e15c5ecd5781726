// Strings of the invitation and password reset pages; both languages have the same keys (checked by the type).
import type { Translations } from '../internal/localize.js';

const en = {
  titles: { invite: 'Join the staff console', reset: 'Choose a new password' },
  checking: 'Checking the link…',
  welcome: {
    invite: (name: string, community: string) =>
      `Welcome, ${name}. You have been invited to the staff console of ${community}. Choose a password to finish.`,
    reset: (name: string, community: string) => `${name}, choose a new password for the staff console of ${community}.`,
  },
  email: 'Email (your sign-in name)',
  password: 'New password',
  passwordHint: (min: number) => `At least ${min} characters. A short sentence is easy to remember.`,
  confirm: 'New password again',
  save: 'Save password',
  saving: 'Saving…',
  expires: (when: string) => `This link works once, until ${when}.`,
  tooShort: (min: number) => `The password needs at least ${min} characters.`,
  mismatch: 'The two passwords are not the same.',
  done: 'Your password is saved. You can sign in now.',
  signIn: 'Go to sign-in',
  invalid:
    'This link cannot be used: it may have expired, been used already, or been replaced by a newer one. Ask your administrator for a new link.',
  errors: {
    COURTYARD_VALIDATION: 'The password does not fit the rules: at least 10 and at most 200 characters.',
    network: 'The server could not be reached. Check your connection and try again.',
    unexpected: 'Something went wrong on the server. Try again in a moment.',
  } as Record<string, string>,
};

export type StaffLinkTranslation = typeof en;

const zhCN: StaffLinkTranslation = {
  titles: { invite: '加入工作后台', reset: '设置新密码' },
  checking: '正在检查链接…',
  welcome: {
    invite: (name: string, community: string) =>
      `${name}，您好。您被邀请加入${community}的工作后台。请设置密码完成加入。`,
    reset: (name: string, community: string) => `${name}，请为${community}的工作后台设置新密码。`,
  },
  email: '邮箱（登录名）',
  password: '新密码',
  passwordHint: (min: number) => `至少 ${min} 个字符。一句简短的话更容易记住。`,
  confirm: '再次输入新密码',
  save: '保存密码',
  saving: '正在保存…',
  expires: (when: string) => `此链接只能使用一次，有效期至 ${when}。`,
  tooShort: (min: number) => `密码至少需要 ${min} 个字符。`,
  mismatch: '两次输入的密码不一致。',
  done: '密码已保存。现在可以登录了。',
  signIn: '前往登录',
  invalid: '此链接无法使用：可能已过期、已被使用，或已被新的链接取代。请向管理员索取新链接。',
  errors: {
    COURTYARD_VALIDATION: '密码不符合要求：至少 10 个、最多 200 个字符。',
    network: '无法连接服务器。请检查网络后重试。',
    unexpected: '服务器出错了，请稍后再试。',
  },
};

export const translations: Translations<StaffLinkTranslation> = { en, 'zh-CN': zhCN };
