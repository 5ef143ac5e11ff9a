import { describeHealth } from './health';

async function showGatewayHealth(): Promise<void> {
  const app = document.getElementById('app');
  if (!app) return;
  const line = document.createElement('p');
  line.id = 'gateway-health';
  try {
    const response = await fetch('/actuator/health');
    const health = describeHealth('gateway', await response.json());
    line.textContent = `${health.name}: ${health.status}`;
  } catch (error) {
    line.textContent = `gateway: unreachable (${String(error)})`;
  }
  app.appendChild(line);
}

void showGatewayHealth();
