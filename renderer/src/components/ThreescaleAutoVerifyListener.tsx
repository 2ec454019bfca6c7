import { useEffect } from 'react';
import { listenForAutoVerify } from '../stores/threescale-store';

/** Always mounted: main's verification of a drafted 3scale connection is told on whatever screen is open. */
export function ThreescaleAutoVerifyListener() {
  useEffect(() => listenForAutoVerify(), []);
  return null;
}
