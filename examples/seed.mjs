// Placeholder until the training loop lands: shows the tensor core works.
import { tensor, matmul } from '../dist/index.js';
console.log(matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray());
