import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_PARAMS, paramsForSensitivity } from '../../../main/core/analysis/detectorParams';

describe('detector parameters', () => {
  it('keeps the documented defaults coherent', () => {
    const p = DEFAULT_DETECTOR_PARAMS;
    expect(p.minLengthSec).toBe(15);
    expect(p.maxLengthSec).toBe(60);
    expect(p.reactionDelaySec).toBeGreaterThanOrEqual(10);
    expect(p.reactionDelaySec).toBeLessThanOrEqual(25);
    expect(p.baselineSec).toBeGreaterThanOrEqual(10 * p.windowSec); // minutes, not seconds
    expect(p.suppressSec).toBeGreaterThanOrEqual(p.maxLengthSec);
  });

  it('gives the defaults at the middle sensitivity', () => {
    expect(paramsForSensitivity(0.5)).toEqual(DEFAULT_DETECTOR_PARAMS);
  });

  it('lowers the threshold and raises the proposal count as sensitivity rises, and nothing else', () => {
    let previous = paramsForSensitivity(0);
    for (let s = 0.05; s <= 1.0001; s += 0.05) {
      const p = paramsForSensitivity(s);
      expect(p.threshold).toBeLessThan(previous.threshold);
      expect(p.maxProposals).toBeGreaterThanOrEqual(previous.maxProposals);
      expect({ ...p, threshold: 0, maxProposals: 0 }).toEqual({ ...DEFAULT_DETECTOR_PARAMS, threshold: 0, maxProposals: 0 });
      previous = p;
    }
    expect(paramsForSensitivity(1).maxProposals).toBeGreaterThan(paramsForSensitivity(0).maxProposals);
  });

  it('clamps out-of-range input', () => {
    expect(paramsForSensitivity(-3)).toEqual(paramsForSensitivity(0));
    expect(paramsForSensitivity(7)).toEqual(paramsForSensitivity(1));
    expect(paramsForSensitivity(Number.NaN)).toEqual(paramsForSensitivity(0.5));
  });
});
