import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { StaffRole } from '../../../shared/domain/master';

export interface SignedIn {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
}

interface SessionState {
  readonly staff: SignedIn | null;
  /** A server session for manager actions that need the server; null when signed in offline. */
  readonly serverToken: string | null;
  signIn(staff: SignedIn, serverToken: string | null): void;
  setServerToken(token: string | null): void;
  signOut(): void;
}

/**
 * Who works the register now (UI state only). Kept for the browser tab, so a reload after a crash
 * does not sign the cashier out in the middle of a sale; closing the app does.
 */
export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      staff: null,
      serverToken: null,
      signIn: (staff, serverToken) => set({ staff, serverToken }),
      setServerToken: (serverToken) => set({ serverToken }),
      signOut: () => set({ staff: null, serverToken: null }),
    }),
    { name: 'register-session', storage: createJSONStorage(() => sessionStorage) },
  ),
);

export const isManager = (staff: SignedIn | null): boolean =>
  staff?.role === 'manager' || staff?.role === 'headOffice';
