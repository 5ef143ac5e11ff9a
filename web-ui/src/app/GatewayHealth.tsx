import { useEffect, useState } from 'preact/hooks';
import { describeHealth } from '../health';
import { useApi } from './context';

/** The gateway's health in the header, checked every 30 s. */
export function GatewayHealth() {
  const api = useApi();
  const [status, setStatus] = useState<string>('…');
  useEffect(() => {
    let stop = false;
    const check = () =>
      fetch(api.url('/actuator/health'), { headers: { Accept: 'application/json' } })
        .then((r) => r.json())
        .then((body) => !stop && setStatus(describeHealth('gateway', body).status))
        .catch(() => !stop && setStatus('UNREACHABLE'));
    void check();
    const timer = setInterval(check, 30_000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [api]);
  return (
    <span id="gateway-health" class={`health health-${status.toLowerCase()}`} role="status" title={`gateway: ${status}`}>
      <span class="dot" aria-hidden="true" />
      <span class="health-text">gateway {status.toLowerCase()}</span>
    </span>
  );
}
