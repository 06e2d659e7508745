// The small chain the snapshot tests read through the fake node (./fake-node.ts): root, subnet 1
// with two neurons (weights, bonds, child key, takes), subnet 64 sparse. Shared by the snapshot
// tests and the snapshot → state → run test.

import { account, key, scale, u16 } from './fake-node.ts';

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
export const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
export const DAVE = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
export const S = 'SubtensorModule';
export const BLOCK = 8_968_186;
export const TIME_MS = Date.UTC(2026, 7, 31, 22, 23, 48);

/** A small chain at block BLOCK: root, subnet 1 (two neurons), subnet 64 (no neurons, sparse storage). */
export function fixtureStorage(specVersion = 452): Map<string, string> {
  const st = new Map<string, string>();
  const put = (k: string, type: string, v: unknown) => st.set(k, scale(type, v));
  const net = (n: number): ['Identity', Uint8Array] => ['Identity', u16(n)];
  const hot = (a: string): ['Blake2_128Concat', Uint8Array] => ['Blake2_128Concat', account(a)];

  put(key('Timestamp', 'Now'), 'u64', TIME_MS);
  put(key(S, 'TotalIssuance'), 'u64', 10_765_432_123_456_789n);
  put(key(S, 'TotalStake'), 'u64', 7_000_000_000_000_000n);
  put(key(S, 'TaoWeight'), 'u64', 3_320_413_933_267_719_290n);
  put(key(S, 'SubnetOwnerCut'), 'u16', 11_796);
  put(key(S, 'SubnetMovingAlpha'), 'i128', 12_885n);
  put(key(S, 'SubnetLimit'), 'u16', 128);
  put(key(S, 'NetworkMinLockCost'), 'u64', 1_000_000_000_000n);
  put(key(S, 'NetworkLastLockCost'), 'u64', 2_000_000_000_000n);
  put(key(S, 'NetworkLockReductionInterval'), 'u64', 28_800n);
  if (specVersion >= 440) {
    put(key(S, 'EmissionGateBar'), 'u128', 1n << 58n);
    put(key(S, 'EmissionBarQuantile'), 'u128', 11_252_513_795_752_420_000n);
  }
  for (const n of [0, 1, 64]) put(key(S, 'NetworksAdded', net(n)), 'bool', true);
  put(key(S, 'NetworksAdded', net(9)), 'bool', false); // dissolved: listed, not added

  // Subnet 1: every item stored.
  put(key(S, 'NetworkRegisteredAt', net(1)), 'u64', 4_000_000n);
  put(key(S, 'FirstEmissionBlockNumber', net(1)), 'u64', 4_100_000n);
  put(key(S, 'Tempo', net(1)), 'u16', 360);
  put(key(S, 'LastMechansimStepBlock', net(1)), 'u64', 8_968_100n);
  put(key(S, 'SubnetEmissionEnabled', net(1)), 'bool', true);
  put(key(S, 'CommitRevealWeightsEnabled', net(1)), 'bool', false);
  put(key(S, 'Yuma3On', ['Blake2_128Concat', u16(1)]), 'bool', true);
  put(key(S, 'LiquidAlphaOn', ['Blake2_128Concat', u16(1)]), 'bool', true);
  put(key(S, 'MechanismCountCurrent', ['Twox64Concat', u16(1)]), 'u8', 2);
  put(key(S, 'SubnetTAO', net(1)), 'u64', 150_000_000_000_000n);
  put(key(S, 'SubnetAlphaIn', net(1)), 'u64', 1_200_000_000_000_000n);
  put(key(S, 'SubnetAlphaOut', net(1)), 'u64', 3_400_000_000_000_000n);
  put(key(S, 'SubnetProtocolAlpha', net(1)), 'u64', 5_000_000_000n);
  put(key(S, 'SubnetMovingPrice', net(1)), 'i128', 536_870_912n); // 0.125 in I96F32
  put(key(S, 'MinerBurned', net(1)), 'u128', 0n);
  put(key(S, 'SubnetOwner', net(1)), 'AccountId32', DAVE);
  put(key(S, 'SubnetOwnerHotkey', net(1)), 'AccountId32', ALICE);
  put(key(S, 'MaxAllowedUids', net(1)), 'u16', 256);
  put(key(S, 'SubnetworkN', net(1)), 'u16', 2);
  put(key(S, 'RAORecycledForRegistration', net(1)), 'u64', 77_000_000_000n);
  put(key(S, 'PendingServerEmission', net(1)), 'u64', 1_000n);
  put(key(S, 'PendingValidatorEmission', net(1)), 'u64', 2_000n);
  put(key(S, 'PendingRootAlphaDivs', net(1)), 'u64', 3_000n);
  put(key(S, 'PendingOwnerCut', net(1)), 'u64', 4_000n);
  put(key(S, 'SubnetIdentitiesV3', ['Blake2_128Concat', u16(1)]), '(Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes,Bytes)', [
    'apex',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ]);
  for (const [item, type, v] of [
    ['Kappa', 'u16', 32_767],
    ['BondsPenalty', 'u16', 65_535],
    ['BondsMovingAverage', 'u64', 975_000n],
    ['ImmunityPeriod', 'u16', 5000],
    ['ActivityCutoff', 'u16', 5000],
    ['MinAllowedWeights', 'u16', 1],
    ['MaxAllowedValidators', 'u16', 64],
    ['WeightsSetRateLimit', 'u64', 100n],
    ['Rho', 'u16', 10],
    ['AlphaValues', '(u16,u16)', [45875, 58982]],
    ['AlphaSigmoidSteepness', 'i16', 1000],
    ['Burn', 'u64', 500_000_000n],
    ['MinBurn', 'u64', 500_000n],
    ['MaxBurn', 'u64', 100_000_000_000n],
  ] as const) {
    put(key(S, item, net(1)), type, v);
  }
  put(key(S, 'RevealPeriodEpochs', ['Twox64Concat', u16(1)]), 'u64', 3n);

  // Subnet 64: only what every subnet has; the rest reads as the chain's defaults or stays unknown.
  put(key(S, 'SubnetTAO', net(64)), 'u64', 9_000_000_000n);
  put(key(S, 'SubnetAlphaIn', net(64)), 'u64', 30_000_000_000n);
  put(key(S, 'MaxAllowedUids', net(64)), 'u16', 128);

  // Subnet 1's neurons: uid 0 (Alice, validator) and uid 1 (Bob).
  const uid = (n: number): ['Identity', Uint8Array] => ['Identity', u16(n)];
  put(key(S, 'Keys', net(1), uid(0)), 'AccountId32', ALICE);
  put(key(S, 'Keys', net(1), uid(1)), 'AccountId32', BOB);
  put(key(S, 'BlockAtRegistration', net(1), uid(0)), 'u64', 4_000_001n);
  put(key(S, 'BlockAtRegistration', net(1), uid(1)), 'u64', 8_900_000n);
  // Unsorted, with a uid past SubnetworkN (kept by the chain after a trim): sorted, that one dropped.
  put(key(S, 'Weights', net(1), uid(0)), 'Vec<(u16,u16)>', [
    [1, 65535],
    [0, 0],
    [5, 3],
  ]);
  put(key(S, 'Bonds', net(1), uid(0)), 'Vec<(u16,u16)>', [[1, 40_000]]);
  put(key(S, 'ValidatorPermit', net(1)), 'Vec<bool>', [true, false]);
  put(key(S, 'LastUpdate', net(1)), 'Vec<u64>', [8_968_150n, 8_967_000n]);
  put(key(S, 'Owner', hot(ALICE)), 'AccountId32', CHARLIE);
  put(key(S, 'Owner', hot(BOB)), 'AccountId32', DAVE);
  put(key(S, 'TotalHotkeyAlpha', hot(ALICE), net(1)), 'u64', 900_000_000_000_000n);
  put(key(S, 'TotalHotkeyAlpha', hot(ALICE), net(0)), 'u64', 12_000_000_000_000n);
  put(key(S, 'TotalHotkeyAlpha', hot(BOB), net(1)), 'u64', 1_000_000_000n);
  put(key(S, 'Delegates', hot(ALICE)), 'u16', 11_796);
  put(key(S, 'ChildKeys', hot(ALICE), net(1)), 'Vec<(u64,AccountId32)>', [[9_223_372_036_854_775_808n, BOB]]);
  put(key(S, 'ChildkeyTake', hot(BOB), net(1)), 'u16', 1_000);
  return st;
}
