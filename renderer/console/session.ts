import { create } from 'zustand';
import { apiClient, type ApiClient } from '../common/api';

export interface StaffMember {
  readonly id: string;
  readonly name: string;
  readonly role: 'cashier' | 'manager' | 'headOffice';
}

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
