// The staff session cookie. Behind https it is `__Host-courtyard_session` (Secure, no Domain, Path=/: the
// browser pins it to this exact origin); over plain http (development) a `__Host-` cookie would be
// refused, so it is `courtyard_session` without Secure. Always HttpOnly and SameSite=Strict.
import type { CookieSerializeOptions } from '@fastify/cookie';
import { ABSOLUTE_DAYS } from '../repositories/sessions.js';

export interface SessionCookie {
  name: string;
  options: CookieSerializeOptions;
}

export function sessionCookie(publicUrl: URL): SessionCookie {
  const secure = publicUrl.protocol === 'https:';
  return {
    name: secure ? '__Host-courtyard_session' : 'courtyard_session',
    options: {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure,
      // The server ends the session earlier when it sits idle; this only bounds the browser's copy.
      maxAge: ABSOLUTE_DAYS * 24 * 60 * 60,
    },
  };
}
