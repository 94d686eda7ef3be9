import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of this response (app/server.ts makes one per request). Only
 * the server render knows it; in the browser it is "" (browsers hide nonces from the page anyway).
 */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
