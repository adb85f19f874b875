/**
 * Devices and their inference workers: {@link segshap.engine.device.DeviceRegistry} owns one
 * {@link segshap.engine.device.DeviceWorker} (backend + its one thread + its
 * {@link segshap.engine.device.MemoryBudget}) per device and model, shared by every job.
 */
package segshap.engine.device;
