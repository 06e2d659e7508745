// One colour per validator group, the same in every chart: honest in the neutral blue.

export const GROUP_COLORS = {
  domain: ['honest', 'copier', 'cabal', 'under-weighter'],
  range: ['#4c78a8', '#f58518', '#e45756', '#b279a2'],
};
