// TAO amounts typed by people reach RAO exactly, in scenario files as on the command line.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../sim/scenario/scenario.ts';
import { parseTaoAmount, taoNumberToRao } from '../sim/util/amount.ts';

describe('TAO to RAO', () => {
  it('a JSON number of TAO converts exactly to the RAO its decimal says, also above 2^53 RAO', () => {
    expect(taoNumberToRao(9_500_000.123456789)).toBe(9_500_000_123_456_789n); // Math.round(x * 1e9) gives …790
    expect(taoNumberToRao(0.0005)).toBe(500_000n);
    expect(taoNumberToRao(0)).toBe(0n);
    expect(taoNumberToRao(21_000_000)).toBe(21_000_000_000_000_000n);
  });

  it("a scenario's start.issuanceTao and the CLI's --issuance agree to the RAO", () => {
    const sc = parseScenario({ format: 'taosim-scenario/v1', start: { issuanceTao: 9_500_000.123456789 } }, 's.json');
    expect(sc.start.issuance).toBe(parseTaoAmount('9500000.123456789'));
  });
});
