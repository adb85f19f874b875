/** Benchmarks with their baselines measured in the same run; see {@code bench/README.md}. */
package segshap.bench;
