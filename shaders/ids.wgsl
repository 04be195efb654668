// The loss, ordering and optimizer ids of both contracts (src/gpu/abi.ts, src/gpu/batch-abi.ts), shared by
// common.wgsl's and batch-common.wgsl's kernels.

const LOSS_CROSS_ENTROPY = 0u;
const LOSS_MSE = 1u;
const ORDERING_ORDER = 0u;
const ORDERING_IDENTITY = 1u;
const ORDERING_KEYED = 2u;
const OPTIMIZER_SGD = 0u;
const OPTIMIZER_MOMENTUM = 1u;
const OPTIMIZER_ADAM = 2u;
