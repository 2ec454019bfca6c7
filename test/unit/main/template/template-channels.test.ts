// The template feature's open and save: a file is read in its own encoding and written
// back in it; a text that encoding cannot hold is saved as UTF-8 only with the user's yes.
import { describe, expect, it } from 'vitest';
import type { NativeShell } from '../../../../main/native-shell';
import { UserFacingError } from '../../../../main/domain/user-facing-error';
import { templateChannels } from '../../../../main/template/template-channels';
import type { TemplateRunner } from '../../../../main/template/template-runner';

function shellWith(opened: Uint8Array) {
  const saved: Uint8Array[] = [];
  const native: NativeShell = {
    openFile: async () => ({ fileName: 'show.liquid', bytes: opened }),
    saveFile: async (_title, _name, content) => {
      saved.push(typeof content === 'string' ? new TextEncoder().encode(content) : content);
      return '/tmp/show.fixed.liquid';
    },
    printToPdf: async () => new Uint8Array(),
    writeClipboard: () => undefined,
    openExternal: async () => undefined,
  };
  // Open and save never reach the worker runner.
  return { channels: templateChannels(native, {} as TemplateRunner), saved };
}

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('opening and saving a template in its encoding', () => {
  it('reads a Latin-1 file as Latin-1 and writes it back byte for byte', async () => {
    const bytes = latin1('{% comment %}Zahlungsseite für Kartenzahlung, Café{% endcomment %}');
    const { channels, saved } = shellWith(bytes);
    const file = await channels['template:open'](null);
    if (!file) throw new Error('nothing opened');
    expect(file).toEqual({ fileName: 'show.liquid', source: '{% comment %}Zahlungsseite für Kartenzahlung, Café{% endcomment %}', encoding: 'windows-1252' });
    const result = await channels['template:save']({ source: file.source, suggestedName: 'show.fixed.liquid', encoding: 'windows-1252', convertToUtf8: false });
    expect(result).toEqual({ savedTo: '/tmp/show.fixed.liquid', encoding: 'windows-1252' });
    expect(Buffer.from(saved[0] ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps UTF-8 as UTF-8', async () => {
    const { channels } = shellWith(new TextEncoder().encode('für ✓'));
    expect(await channels['template:open'](null)).toMatchObject({ source: 'für ✓', encoding: 'utf-8' });
  });

  it('refuses to save what Latin-1 cannot hold until the user agrees to UTF-8, and writes nothing before', async () => {
    const { channels, saved } = shellWith(latin1('x'));
    const request = { source: 'Zahlung ✓ für', suggestedName: 'show.fixed.liquid', encoding: 'windows-1252' as const, convertToUtf8: false };
    const refusal = Promise.resolve(channels['template:save'](request));
    await expect(refusal).rejects.toBeInstanceOf(UserFacingError);
    await expect(refusal).rejects.toMatchObject({ code: 'conversion_required' });
    await expect(refusal).rejects.toThrow(/cannot hold "✓"; it will be saved as UTF-8/);
    expect(saved).toHaveLength(0);

    const result = await channels['template:save']({ ...request, convertToUtf8: true });
    expect(result).toEqual({ savedTo: '/tmp/show.fixed.liquid', encoding: 'utf-8' });
    expect(new TextDecoder().decode(saved[0])).toBe('Zahlung ✓ für');
  });
});
