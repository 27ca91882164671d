import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api as contract } from '../../shared/protocol/api';
import { ConsoleHeader } from './ConsoleHeader';
import { Navigation } from './Navigation';
import { ActivityAwards } from './pages/ActivityAwards';
import { CardPage } from './pages/CardPage';
import { Cards } from './pages/Cards';
import { Jobs } from './pages/Jobs';
import { ActivityTypes } from './pages/resources/ActivityTypes';
import { Affiliations } from './pages/resources/Affiliations';
import { Customers } from './pages/resources/Customers';
import { Products } from './pages/resources/Products';
import { QuickKeys } from './pages/QuickKeys';
import { Programs } from './pages/resources/Programs';
import { Registers } from './pages/resources/Registers';
import { RewardPoints } from './pages/resources/RewardPoints';
import { Rewards } from './pages/rewards/Rewards';
import { Schemes } from './pages/resources/Schemes';
import { Staff } from './pages/resources/Staff';
import { Stores } from './pages/resources/Stores';
import { Review } from './pages/Review';
import { SignIn } from './pages/SignIn';
import { Simulator } from './pages/Simulator';
import { SyncHealth } from './pages/SyncHealth';
import { Voids } from './pages/Voids';
import { VatRates } from './pages/VatRates';
import { useRoute, type Route } from './routes';
import { api, useSession } from './session';

// The charts library is large: the reports page loads it only when opened.
const Reports = lazy(() => import('./pages/Reports').then((m) => ({ default: m.Reports })));

function page({ section, argument }: Route): ReactNode {
  switch (section) {
    case 'reward-points':
      return <RewardPoints />;
    case 'rewards':
      return <Rewards />;
    case 'programs':
      return <Programs />;
    case 'schemes':
      return <Schemes />;
    case 'simulator':
      return <Simulator key={argument} scheme={argument} />;
    case 'affiliations':
      return <Affiliations />;
    case 'stores':
      return <Stores />;
    case 'registers':
      return <Registers key={argument} store={argument} />;
    case 'quick-keys':
      return <QuickKeys key={argument} store={argument} />;
    case 'staff':
      return <Staff />;
    case 'products':
      return <Products />;
    case 'vat-rates':
      return <VatRates />;
    case 'customers':
      return <Customers />;
    case 'activity-types':
      return <ActivityTypes />;
    case 'activity-awards':
      return <ActivityAwards />;
    case 'cards':
      return argument ? <CardPage key={argument} number={argument} /> : <Cards />;
    case 'sync-health':
      return <SyncHealth />;
    case 'review':
      return <Review />;
    case 'reports':
      return (
        <Suspense fallback={<p role="status">…</p>}>
          <Reports />
        </Suspense>
      );
    case 'voids':
      return <Voids />;
    default:
      return <Jobs />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { staff, signedOut } = useSession();
  const route = useRoute();

  async function signOut() {
    await api.route(contract.auth.signOut, {}).catch(() => undefined);
    signedOut();
  }

  if (!staff) {
    return (
      <div className="console">
        <ConsoleHeader />
        <SignIn />
      </div>
    );
  }
  return (
    <div className="console">
      <ConsoleHeader
        signedIn={<p className="signed-in">{t('signIn.signedInAs', { name: staff.name })}</p>}
        signOut={
          <button type="button" onClick={() => void signOut()}>
            {t('signIn.signOut')}
          </button>
        }
      />
      <div className="workspace">
        <Navigation current={route.section} />
        <main>{page(route)}</main>
      </div>
    </div>
  );
}
