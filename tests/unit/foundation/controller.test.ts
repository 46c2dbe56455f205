import { describe, expect, it } from 'vitest';
import { createAssistantController, type PanelHandle, type PanelState } from '../../../src/content/controller';

function fakeLoader() {
  const live: Array<{ state: PanelState; close: () => void; destroyed: boolean }> = [];
  let loads = 0;
  const loader = async (state: PanelState, onRequestClose: () => void, _by: "auto" | "user"): Promise<PanelHandle> => {
    loads++;
    await Promise.resolve();
    const entry = { state, close: onRequestClose, destroyed: false };
    live.push(entry);
    return {
      update: (next) => {
        entry.state = next;
      },
      destroy: () => {
        entry.destroyed = true;
      },
    };
  };
  return { loader, open: () => live.filter((p) => !p.destroyed), loads: () => loads };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('assistant controller', () => {
  it('stays inert until the view is detected, then opens exactly one panel', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    await settle();
    expect(f.loads()).toBe(0);
    c.setDetected(true);
    c.setDetected(true);
    await settle();
    expect(f.open()).toHaveLength(1);
  });

  it('closes an auto-opened panel when the view goes and reopens once when it comes back', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    c.setDetected(true);
    await settle();
    c.setDetected(false);
    await settle();
    expect(f.open()).toHaveLength(0);
    c.setDetected(true);
    await settle();
    expect(f.open()).toHaveLength(1);
  });

  it('keeps a panel the admin opened when the view goes away', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    await c.toggle();
    expect(f.open()).toHaveLength(1);
    c.setDetected(true);
    c.setDetected(false);
    await settle();
    expect(f.open()).toHaveLength(1);
    expect(f.open()[0]!.state.detected).toBe(false);
  });

  it('remembers a dismissal until the view is left', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    c.setDetected(true);
    await settle();
    await c.toggle();
    expect(f.open()).toHaveLength(0);
    // Mutations keep arriving while the view stays: no reopening behind the admin's back.
    c.setDetected(false);
    c.setDetected(true);
    await settle();
    expect(f.open()).toHaveLength(1);
    f.open()[0]!.close();
    await settle();
    expect(f.open()).toHaveLength(0);
  });

  it('serialises rapid toggles: never two panels', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    await Promise.all([c.toggle(), c.toggle(), c.toggle()]);
    expect(f.open()).toHaveLength(1);
    expect(c.isOpen()).toBe(true);
  });

  it('destroy closes the panel and ignores later events', async () => {
    const f = fakeLoader();
    const c = createAssistantController(f.loader);
    await c.toggle();
    c.destroy();
    c.setDetected(true);
    await c.toggle();
    await settle();
    expect(f.open()).toHaveLength(0);
  });
});
