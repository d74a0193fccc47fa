import { describe, expect, it } from 'vitest';
import { loudnormApplyFilter, parseLoudnormJson } from '../../../../main/core/export/render/loudnorm';

// What ffmpeg 5.1's loudnorm prints at the end of a measuring pass.
const PRINTED = `[Parsed_loudnorm_4 @ 0x55d1c0c3c2c0]
{
\t"input_i" : "-20.32",
\t"input_tp" : "-11.11",
\t"input_lra" : "0.00",
\t"input_thresh" : "-30.32",
\t"output_i" : "-14.05",
\t"output_tp" : "-4.86",
\t"output_lra" : "0.00",
\t"output_thresh" : "-24.05",
\t"normalization_type" : "linear",
\t"target_offset" : "0.05"
}
`;

describe('parseLoudnormJson', () => {
  it('reads the measurement at the end of stderr', () => {
    expect(parseLoudnormJson(`size=N/A time=00:00:02.50 bitrate=N/A\n${PRINTED}`)).toEqual({
      inputI: -20.32,
      inputTp: -11.11,
      inputLra: 0,
      inputThresh: -30.32,
      targetOffset: 0.05,
    });
  });

  it('is null for silence (nothing to raise)', () => {
    const silent = PRINTED.replace('"-20.32"', '"-inf"').replace('"-30.32"', '"-70.00"').replace('"-11.11"', '"-inf"');
    expect(parseLoudnormJson(silent)).toBeNull();
  });

  it('fails clearly when there is no measurement', () => {
    expect(() => parseLoudnormJson('Conversion failed!')).toThrow(/no loudness measurement/);
    expect(() => parseLoudnormJson('{ "input_i" : "-20" }')).toThrow(/no input_tp/);
  });
});

describe('loudnormApplyFilter', () => {
  it('never asks for a narrower loudness range than measured (ffmpeg 5 accepts up to 20)', () => {
    const m = { inputI: -30, inputTp: -10, inputLra: 14.2, inputThresh: -40, targetOffset: 0.1 };
    expect(loudnormApplyFilter(m)).toContain(':LRA=15:');
    expect(loudnormApplyFilter({ ...m, inputLra: 25 })).toContain(':LRA=20:');
    expect(loudnormApplyFilter({ ...m, inputLra: 3 })).toContain(':LRA=11:');
  });
});
