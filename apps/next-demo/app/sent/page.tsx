/** Where "Reset password and go" navigates to, at once, while its notification is still on the wire. */
import { Sent } from '../../components/sent';

export default function SentPage() {
  return (
    <div className="page">
      <Sent />
    </div>
  );
}
