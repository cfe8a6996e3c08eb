import { ShipButton } from './ship-button';

export default function Page() {
  return <ShipButton order="A-1001" />;
}
