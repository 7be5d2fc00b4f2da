#include "qx/core/periodic_worker.h"

namespace qx {

void PeriodicWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void PeriodicWorker::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  const auto stopped = [this] { return stopping_.load(); };
  if (first_ == First::kAfterInterval && cv_.wait_for(lock, interval_, stopped)) return;
  while (!stopping_) {
    lock.unlock();
    work_();
    lock.lock();
    if (cv_.wait_for(lock, interval_, stopped)) return;
  }
}

void PeriodicWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace qx
