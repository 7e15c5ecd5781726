// Checked apart from the rest of push/ so configuration can check a configured pair without loading the database.
import { createECDH } from 'node:crypto';

/** Whether the base64url private scalar belongs to the base64url public point. */
export function isVapidKeyPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}
