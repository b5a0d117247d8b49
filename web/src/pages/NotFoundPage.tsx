import { CardPage } from '../components/Layout';
import { useTitle } from '../hooks';
import { Link } from '../router';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <CardPage>
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to Latchkey</Link>
      </p>
    </CardPage>
  );
}
