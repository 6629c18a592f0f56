#include "core/learn/rbm_training.h"

#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace rsmi {

// ---- ContrastiveDivergence ----

template <typename Scalar>
ContrastiveDivergence<Scalar>::ContrastiveDivergence(int visibleCount, int hiddenCount, int maxBatch, int steps,
                                                     bool persistent, XoshiroLanes rng)
    : nv_(visibleCount), nh_(hiddenCount), maxBatch_(maxBatch), steps_(steps), persistent_(persistent), rng_(rng) {
  if (nv_ <= 0 || nh_ <= 0 || maxBatch_ <= 0 || steps_ <= 0)
    throw std::invalid_argument("ContrastiveDivergence: sizes and steps must be positive");
  actH_.resize(nh_, maxBatch_);
  t0_.resize(nh_, maxBatch_);
  h_.resize(nh_, maxBatch_);
  tk_.resize(nh_, maxBatch_);
  actV_.resize(nv_, maxBatch_);
  vk_.resize(nv_, maxBatch_);
  meansV_.resize(nv_, maxBatch_);
  uniforms_.resize(std::max(nv_, nh_), maxBatch_);
  if (persistent_) chains_.resize(nv_, maxBatch_);
  dW_.resize(nv_, nh_);
  da_.resize(nv_);
  db_.resize(nh_);
}

template <typename Scalar>
void ContrastiveDivergence<Scalar>::sample(Map& means, Map& out, std::size_t n) {
  rng_.fillSymmetric(uniforms_.data(), n);
  signsFromUniforms(means.data(), uniforms_.data(), out.data(), n);
}

template <typename Scalar>
void ContrastiveDivergence<Scalar>::estimate(const Model& model, const Scalar* batch, int batchSize) {
  if (batchSize <= 0 || batchSize > maxBatch_) throw std::invalid_argument("ContrastiveDivergence: bad batch size");
  if (model.visibleCount() != nv_ || model.hiddenCount() != nh_)
    throw std::invalid_argument("ContrastiveDivergence: model shape differs");
  const Eigen::Index B = batchSize;
  const std::size_t nH = static_cast<std::size_t>(nh_) * B, nV = static_cast<std::size_t>(nv_) * B;
  Eigen::Map<const Mat> v0(batch, nv_, B);
  Map actH(actH_.data(), nh_, B), t0(t0_.data(), nh_, B), h(h_.data(), nh_, B), tk(tk_.data(), nh_, B);
  Map actV(actV_.data(), nv_, B), vk(vk_.data(), nv_, B), meansV(meansV_.data(), nv_, B);

  // Positive phase: E[h|v_data].
  actH.noalias() = model.weights.transpose() * v0;
  actH.colwise() += model.hiddenBias;
  t0 = spinMeans(actH.array()).matrix();

  if (persistent_) {
    if (!chainsReady_) {  // start the persistent chains at the first batch (cycled to fill them)
      for (int c = 0; c < maxBatch_; ++c) chains_.col(c) = v0.col(c % B);
      chainsReady_ = true;
    }
    Map chains(chains_.data(), nv_, B);
    actH.noalias() = model.weights.transpose() * chains;
    actH.colwise() += model.hiddenBias;
    tk = spinMeans(actH.array()).matrix();
    sample(tk, h, nH);
  } else {
    sample(t0, h, nH);
  }
  for (int s = 0; s < steps_; ++s) {
    actV.noalias() = model.weights * h;
    actV.colwise() += model.visibleBias;
    meansV = spinMeans(actV.array()).matrix();
    sample(meansV, vk, nV);
    actH.noalias() = model.weights.transpose() * vk;
    actH.colwise() += model.hiddenBias;
    tk = spinMeans(actH.array()).matrix();
    if (s + 1 < steps_) sample(tk, h, nH);
  }
  if (persistent_) Map(chains_.data(), nv_, B) = vk;

  const Scalar inv = Scalar(1) / static_cast<Scalar>(B);
  dW_.noalias() = v0 * t0.transpose();
  dW_.noalias() -= vk * tk.transpose();
  dW_ *= inv;
  da_ = (v0.rowwise().sum() - vk.rowwise().sum()) * inv;
  db_ = (t0.rowwise().sum() - tk.rowwise().sum()) * inv;
  flipFraction_ = static_cast<double>((v0 - vk).squaredNorm()) / (4.0 * static_cast<double>(nV));
}

template class ContrastiveDivergence<float>;
template class ContrastiveDivergence<double>;

// ---- RbmTrainer ----

namespace {

// Stream indices of RBM training, far from the small indices other Training streams use.
constexpr std::uint64_t kRbmStreamBase = 0x52424D0000000000ull;
constexpr int kStopCheckInterval = 256;  // minibatches between stop-token checks

struct EngineBase {
  virtual ~EngineBase() = default;
  virtual void runEpoch(std::stop_token stop) = 0;
  virtual Rbm model() const = 0;
  int epochs = 0;
  double flip = 0.0;
};

template <typename Scalar>
class Engine final : public EngineBase {
public:
  using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  Engine(const Rbm& initial, std::vector<std::int8_t> data, const RbmTrainingOptions& o, Xoshiro256pp master)
      : options_(o),
        model_(initial.template cast<Scalar>()),
        data_(std::move(data)),
        cd_(initial.visibleCount(), initial.hiddenCount(), o.batchSize, o.cdSteps, o.persistent,
            XoshiroLanes(Xoshiro256pp(master.next()))),
        shuffleRng_(master.next()),
        order_(data_.size() / static_cast<std::size_t>(initial.visibleCount())),
        batch_(initial.visibleCount(), o.batchSize) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    if (options_.momentum != 0.0) {
      vW_ = Mat::Zero(model_.weights.rows(), model_.weights.cols());
      va_ = decltype(va_)::Zero(model_.visibleBias.size());
      vb_ = decltype(vb_)::Zero(model_.hiddenBias.size());
    }
  }

  void runEpoch(std::stop_token stop) override {
    const std::size_t n = order_.size();
    if (options_.shuffle)
      for (std::size_t i = n; i > 1; --i) std::swap(order_[i - 1], order_[shuffleRng_.below(i)]);
    const auto lr = static_cast<Scalar>(options_.learningRate);
    const auto decay = static_cast<Scalar>(options_.weightDecay);
    const auto mu = static_cast<Scalar>(options_.momentum);
    const int nv = model_.visibleCount();
    double flipSum = 0.0;
    int batches = 0;
    for (std::size_t first = 0; first < n; first += static_cast<std::size_t>(options_.batchSize), ++batches) {
      if (batches % kStopCheckInterval == 0 && stop.stop_requested()) throw Cancelled{};
      const int B = static_cast<int>(std::min<std::size_t>(options_.batchSize, n - first));
      for (int c = 0; c < B; ++c) {  // gather the minibatch (int8 storage: 4–8× less memory traffic)
        const std::int8_t* src = data_.data() + order_[first + c] * static_cast<std::size_t>(nv);
        Scalar* dst = batch_.data() + static_cast<std::size_t>(c) * nv;
        for (int i = 0; i < nv; ++i) dst[i] = static_cast<Scalar>(src[i]);
      }
      // Prefetch the next minibatch's rows: with shuffling they are scattered over memory, and the
      // misses would otherwise cost more than the CD step itself at the paper's sizes.
      const std::size_t next = first + static_cast<std::size_t>(B), nextEnd = std::min(n, next + B);
      for (std::size_t r = next; r < nextEnd; ++r)
        __builtin_prefetch(data_.data() + order_[r] * static_cast<std::size_t>(nv));
      cd_.estimate(model_, batch_.data(), B);
      flipSum += cd_.flipFraction();
      // SGD ascent of the log-likelihood with an L2 regulator on W (the paper: plain SGD + L2).
      if (mu == Scalar(0)) {
        model_.weights += lr * (cd_.weightGradient() - decay * model_.weights);
        model_.visibleBias += lr * cd_.visibleBiasGradient();
        model_.hiddenBias += lr * cd_.hiddenBiasGradient();
      } else {
        vW_ = mu * vW_ + lr * (cd_.weightGradient() - decay * model_.weights);
        va_ = mu * va_ + lr * cd_.visibleBiasGradient();
        vb_ = mu * vb_ + lr * cd_.hiddenBiasGradient();
        model_.weights += vW_;
        model_.visibleBias += va_;
        model_.hiddenBias += vb_;
      }
    }
    flip = batches ? flipSum / batches : 0.0;
    ++epochs;
  }

  Rbm model() const override { return model_.template cast<double>(); }

private:
  RbmTrainingOptions options_;
  BasicRbm<Scalar> model_;
  std::vector<std::int8_t> data_;  // N × n_v, row-major: one sample per row
  ContrastiveDivergence<Scalar> cd_;
  Xoshiro256pp shuffleRng_;
  std::vector<std::size_t> order_;
  Mat batch_;
  Mat vW_;
  typename BasicRbm<Scalar>::Vec va_, vb_;
};

} // namespace

struct RbmTrainer::Impl {
  std::unique_ptr<EngineBase> engine;
};

namespace {

std::vector<std::int8_t> spinRows(const Matrix& data) {
  std::vector<std::int8_t> rows(static_cast<std::size_t>(data.size()));
  for (Eigen::Index n = 0; n < data.rows(); ++n)
    for (Eigen::Index i = 0; i < data.cols(); ++i) {
      const double x = data(n, i);
      if (x != 1.0 && x != -1.0 && x != 0.0) throw std::invalid_argument("RbmTrainer: data entries must be ±1 (or 0)");
      rows[static_cast<std::size_t>(n * data.cols() + i)] = static_cast<std::int8_t>(x);
    }
  return rows;
}

} // namespace

RbmTrainer::RbmTrainer(const Rbm& initial, const Matrix& data, const RbmTrainingOptions& options)
    : RbmTrainer(initial, spinRows(data), options) {
  if (data.cols() != initial.visibleCount()) throw std::invalid_argument("RbmTrainer: data width differs from the RBM");
}

RbmTrainer::RbmTrainer(const Rbm& initial, std::vector<std::int8_t> rows, const RbmTrainingOptions& options)
    : impl_(std::make_unique<Impl>()) {
  const auto nv = static_cast<std::size_t>(initial.visibleCount());
  if (nv == 0 || rows.empty() || rows.size() % nv != 0)
    throw std::invalid_argument("RbmTrainer: no data, or data width differs from the RBM");
  if (options.batchSize <= 0 || options.cdSteps <= 0 || options.epochs < 0)
    throw std::invalid_argument("RbmTrainer: batch size and CD steps must be positive");
  Xoshiro256pp master = Xoshiro256pp::stream(options.seed, StreamPurpose::Training, kRbmStreamBase + options.stream);
  if (options.singlePrecision)
    impl_->engine = std::make_unique<Engine<float>>(initial, std::move(rows), options, master);
  else
    impl_->engine = std::make_unique<Engine<double>>(initial, std::move(rows), options, master);
}

RbmTrainer::~RbmTrainer() = default;
RbmTrainer::RbmTrainer(RbmTrainer&&) noexcept = default;
RbmTrainer& RbmTrainer::operator=(RbmTrainer&&) noexcept = default;

void RbmTrainer::runEpoch(std::stop_token stop) { impl_->engine->runEpoch(stop); }
int RbmTrainer::epochsDone() const { return impl_->engine->epochs; }
Rbm RbmTrainer::model() const { return impl_->engine->model(); }
double RbmTrainer::lastFlipFraction() const { return impl_->engine->flip; }

void trainRbm(Rbm& model, RbmTrainer& trainer, int epochs, std::stop_token stop, const ProgressSink& progress) {
  for (int e = 0; e < epochs; ++e) {
    if (stop.stop_requested()) throw Cancelled{};
    trainer.runEpoch(stop);
    if (progress) progress(Progress{"training RBM", static_cast<double>(e + 1) / epochs});
  }
  model = trainer.model();
}

void trainRbm(Rbm& model, const Matrix& data, const RbmTrainingOptions& options, std::stop_token stop,
              const ProgressSink& progress) {
  RbmTrainer trainer(model, data, options);
  trainRbm(model, trainer, options.epochs, stop, progress);
}

void trainRbm(Rbm& model, std::vector<std::int8_t> rows, const RbmTrainingOptions& options, std::stop_token stop,
              const ProgressSink& progress) {
  RbmTrainer trainer(model, std::move(rows), options);
  trainRbm(model, trainer, options.epochs, stop, progress);
}

} // namespace rsmi
