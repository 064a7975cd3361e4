import { describe, expect, test } from '@jest/globals';
import { handleControl } from '../../simulator/control-routes.js';
import { SimulatorState } from '../../simulator/state.js';

const put = (state: SimulatorState, appId: string, body: unknown) =>
  handleControl(state, 'PUT', `/__sim/apps/${appId}`, JSON.stringify(body));

describe('handleControl', () => {
  test('PUT creates an app, GET apps lists it, PATCH changes it', () => {
    const state = new SimulatorState();
    expect(put(state, 'wx1', { secret: 's', latencyMs: 5 })).toEqual({ status: 204 });
    expect(handleControl(state, 'GET', '/__sim/apps', '')).toEqual({ status: 200, body: { apps: ['wx1'] } });
    expect(handleControl(state, 'PATCH', '/__sim/apps/wx1', '{"latencyMs":9}')).toEqual({ status: 204 });
    expect(state.app('wx1')?.config.latencyMs).toBe(9);
  });

  test('bad input is a 400 naming the field', () => {
    const state = new SimulatorState();
    expect(put(state, 'wx1', { secret: 's', ipErrorShape: 8 })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('ipErrorShape') },
    });
    expect(put(state, 'wx1', { secret: 's', tokenOverlapSec: 301 }).status).toBe(400);
    expect(put(state, 'wx1', { secret: 's', whitelist: ['not-an-ip'] }).status).toBe(400);
    expect(put(state, 'wx1', { secret: 's', surprise: true }).status).toBe(400);
    expect(handleControl(state, 'PUT', '/__sim/apps/wx1', '{oops').status).toBe(400);
    expect(handleControl(state, 'POST', '/__sim/clock/advance', '{"ms":-5}').status).toBe(400);
  });

  test('an unknown app is a 404, an unknown route a 404, a wrong method a 405', () => {
    const state = new SimulatorState();
    expect(handleControl(state, 'PATCH', '/__sim/apps/wx9', '{}').status).toBe(404);
    expect(handleControl(state, 'GET', '/__sim/apps/wx9/stats', '').status).toBe(404);
    expect(handleControl(state, 'GET', '/__sim/nothing', '').status).toBe(404);
    expect(handleControl(state, 'DELETE', '/__sim/clock', '').status).toBe(405);
  });

  test('clock advance answers the new time; reset forgets apps and returns the clock to real time', () => {
    const state = new SimulatorState();
    put(state, 'wx1', { secret: 's' });
    const advanced = handleControl(state, 'POST', '/__sim/clock/advance', '{"ms":60000}');
    expect(advanced.body).toMatchObject({ offsetMs: 60_000 });
    handleControl(state, 'PUT', '/__sim/settings', '{"egressIp":"203.0.113.7"}');
    expect(handleControl(state, 'GET', '/__sim/settings', '').body).toEqual({ egressIp: '203.0.113.7' });
    expect(handleControl(state, 'POST', '/__sim/reset', '')).toEqual({ status: 204 });
    expect(state.appIds()).toEqual([]);
    expect(state.clock.offsetMs).toBe(0);
    expect(state.globalEgressIp).toBeNull();
  });
});
