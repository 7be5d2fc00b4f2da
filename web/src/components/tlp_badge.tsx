// The TLP 2.0 label of an object in its prescribed colours (coloured text on black); the label
// itself stays "TLP:…" in every language, its meaning is in the title.
import { tDynamic } from '../i18n';
import type { Tlp } from '../intel';

const CLASS: Record<Tlp, string> = {
  CLEAR: 'tlp-clear',
  GREEN: 'tlp-green',
  AMBER: 'tlp-amber',
  'AMBER+STRICT': 'tlp-amber-strict',
  RED: 'tlp-red',
};

/** What a level means for the reader, in the active language. */
export function tlpHelp(tlp: Tlp): string {
  return tDynamic(`tlp.help.${CLASS[tlp].slice(4)}`, tlp);
}

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return (
    <span class={`tlp ${CLASS[tlp]}`} data-testid="tlp-badge" data-tlp={tlp} title={tlpHelp(tlp)}>
      TLP:{tlp}
    </span>
  );
}
