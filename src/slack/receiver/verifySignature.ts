import { createHmac, timingSafeEqual } from 'node:crypto';

// Slack signs every request: v0=HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}").
// Bolt's own check accepts timestamps from the future and replays within five minutes; ours refuses
// both, so a captured request cannot be sent again and a forged clock buys nothing.

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export type SignatureRefusal = 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'future_timestamp' | 'bad_signature';

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureRefusal };

export interface SignedRequest {
  signingSecret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
}

export function verifySlackSignature(request: SignedRequest): SignatureCheck {
  const { signature, timestamp } = request;
  if (!signature) return { ok: false, reason: 'missing_signature' };
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing_timestamp' };
  const nowSeconds = Math.floor(request.nowMs / 1000);
  const ageSeconds = nowSeconds - Number(timestamp);
  if (ageSeconds > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  if (ageSeconds < -SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'future_timestamp' };
  const expected = signSlackRequest(request.signingSecret, timestamp, request.rawBody);
  const given = Buffer.from(signature, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

/** The `X-Slack-Signature` value Slack would send for this body at this timestamp. */
export function signSlackRequest(signingSecret: string, timestamp: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}
