import { PROTOCOL_VERSION } from '../shared/protocol/sync';

export function App() {
  return (
    <main>
      <h1>Register</h1>
      <p>Sync protocol version {PROTOCOL_VERSION}. The cashier&apos;s screens are on their way.</p>
    </main>
  );
}
