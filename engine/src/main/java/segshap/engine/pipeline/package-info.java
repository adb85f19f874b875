/**
 * The streaming engine (Pekko Streams): coalitions flow through {@link segshap.engine.pipeline.CoalitionSource}
 * → {@link segshap.engine.pipeline.TileExpander} → {@link segshap.engine.pipeline.CacheLookup} →
 * {@link segshap.engine.pipeline.InFlightDedup} → {@link segshap.engine.pipeline.Batcher} →
 * {@link segshap.engine.pipeline.InferenceStage} → {@link segshap.engine.pipeline.CacheStore} →
 * {@link segshap.engine.pipeline.FusionStage} → {@link segshap.engine.pipeline.ValueStage}, assembled by
 * {@link segshap.engine.pipeline.CoalitionPipeline}; {@link segshap.engine.pipeline.PipelineGame} is the game
 * the estimator drives with it. Each stage documents when it emits, backpressures, completes and fails.
 */
package segshap.engine.pipeline;
