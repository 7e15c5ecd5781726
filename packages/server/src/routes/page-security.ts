// The headers of every HTML page the service serves, built in one place: the demo page, the console, the hosted
// pages under /p/, the printable code sheet and the API reference. Each page states only what differs (who may
// frame it, whether it runs scripts, whether its URL holds a code); the strict rest is the same for all.
import type { FastifyReply } from 'fastify';

export interface PageSecurity {
  /**
   * What the page is: `app` runs this service's scripts (widgets, the console) under Trusted Types; `document`
   * runs no script at all (the code sheet); `reference` is Swagger UI, which builds HTML from strings and so
   * cannot run under Trusted Types (a developer page that reads only /openapi.json).
   */
  kind?: 'app' | 'document' | 'reference';
  /** Who may show the page in a frame: nobody (the default), or this service's own pages (the widget preview). */
  framing?: 'none' | 'self';
  /** `no-referrer` for pages whose URL holds a code (ballot, follow, tracking): it never leaves in a Referer. */
  referrer?: 'no-referrer' | 'strict-origin-when-cross-origin';
  /** Trusted Types policies the page's own scripts create besides Lit's (the rota page's reminder worker). */
  policies?: string[];
}

const APP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];
// The widgets and the console render with Lit, whose one policy is `lit-html`; nothing else may make HTML.
const TRUSTED_TYPES = ["require-trusted-types-for 'script'", 'trusted-types lit-html'];
const DOCUMENT = ["default-src 'none'", 'img-src data:', "style-src 'self'", "base-uri 'none'", "form-action 'none'"];
const REFERENCE = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

/** The Content-Security-Policy of an HTML page of this service. */
export function contentSecurityPolicy({ kind = 'app', framing = 'none', policies = [] }: PageSecurity = {}): string {
  const trustedTypes = policies.length
    ? [TRUSTED_TYPES[0] as string, `${TRUSTED_TYPES[1]} ${policies.join(' ')}`]
    : TRUSTED_TYPES;
  const directives =
    kind === 'document' ? [...DOCUMENT, ...trustedTypes] : kind === 'reference' ? REFERENCE : [...APP, ...trustedTypes];
  return [...directives, `frame-ancestors '${framing}'`].join('; ');
}

/** Sets the security headers of an HTML page on `reply`. */
export function setPageHeaders(reply: FastifyReply, page: PageSecurity = {}): FastifyReply {
  return reply
    .header('content-security-policy', contentSecurityPolicy(page))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', page.referrer ?? 'strict-origin-when-cross-origin');
}
