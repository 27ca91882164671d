import { create } from 'zustand';
import type { StaffSession } from '../../shared/protocol/api';
import { apiClient, type ApiClient } from '../common/api';

/** Who signed in, as the sign-in route answers it. */
export type StaffMember = StaffSession['staff'];

interface SessionState {
  readonly token: string | null;
  readonly staff: StaffMember | null;
  signedIn(token: string, staff: StaffMember): void;
  signedOut(): void;
}

/**
 * Who is signed in to the console (UI state only: the data itself always comes from the server).
 * The head office token lives in memory only, never in storage a script could read later: a
 * reload asks for the PIN again.
 */
export const useSession = create<SessionState>((set) => ({
  token: null,
  staff: null,
  signedIn: (token, staff) => set({ token, staff }),
  signedOut: () => set({ token: null, staff: null }),
}));

export const api: ApiClient = apiClient('', () => ({ staff: useSession.getState().token }));
