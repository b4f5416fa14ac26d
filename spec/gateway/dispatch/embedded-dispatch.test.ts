// Embedded mode: the gateway process claims outbox rows and posts them itself.
import { deliveryScenarios } from './delivery-scenarios';

jest.setTimeout(240_000);

deliveryScenarios('embedded', () => ({}));
