#include "core/learn/exact_estimator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include <tbb/parallel_for.h>

#include "core/common/random.h"

namespace rsmi {

namespace {

// Windows are handled in chunks aligned to multiples of kChunk (absolute window index), so that the
// cache is filled and checked chunk by chunk whatever the minibatch boundaries.
constexpr std::size_t kChunk = 1024;
constexpr std::size_t kMaxCacheEntries = 4;
constexpr int kMaxGroups = 8;  // fixed partition of the gradient reduction: thread-count independent
constexpr std::uint64_t kSubsetStream = 0xE7AC'0000ull;
constexpr double kTiny = 1e-300;  // floor inside log(): p log p → 0 as p → 0

// A content fingerprint of a chunk's environment bytes, so that a cached q(v|e_n) is never used for
// windows that changed (or for another set that reuses the address). Never 0 (0 marks "empty").
std::uint64_t fingerprint(const std::int8_t* p, std::size_t n) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  std::size_t i = 0;
  auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    mix(w);
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i < n; ++i, ++k) tail |= std::uint64_t(std::uint8_t(p[i])) << (8 * k);
  mix(tail ^ 0xA5);
  return h | 1;
}

struct Segment {
  std::size_t begin, size;  // absolute window range, inside one chunk
};

} // namespace

struct ExactEstimator::Cache {
  struct Entry {
    const WindowSet* set = nullptr;
    std::size_t count = 0;
    Matrix q;                          // 2^{n_v} × count: column n = q(·|e_n)
    std::vector<std::uint64_t> hashes; // per chunk; 0 = not computed yet
    std::uint64_t lastUse = 0;
  };
  std::mutex mutex;
  std::vector<std::shared_ptr<Entry>> entries;
  std::uint64_t useCounter = 0;
};

ExactEstimator::ExactEstimator(ExactEstimator&&) noexcept = default;
ExactEstimator& ExactEstimator::operator=(ExactEstimator&&) noexcept = default;

ExactEstimator::ExactEstimator(const ExactEstimatorOptions& options)
    : options_(options), cache_(std::make_unique<Cache>()) {
  if (options.maxVisible < 1 || options.maxVisible > 24)
    throw std::invalid_argument("exact estimator: maxVisible must be in [1, 24], not " +
                                std::to_string(options.maxVisible));
}

ExactEstimator::~ExactEstimator() = default;

void ExactEstimator::checkBlockSize(int visibleCount) const {
  if (visibleCount > options_.maxVisible)
    throw std::invalid_argument("exact estimator: a visible block of " + std::to_string(visibleCount) +
                                " spins (2^" + std::to_string(visibleCount) +
                                " block states) exceeds the limit of " + std::to_string(options_.maxVisible) +
                                " spins for exact enumeration; use the variational estimator for blocks this large");
  if (visibleCount < 1) throw std::invalid_argument("exact estimator: the visible block is empty");
}

void ExactEstimator::prepare(const WindowSet& training, std::stop_token stop, const ProgressSink& progress) {
  checkBlockSize(training.visibleSize);
  const std::size_t total = training.count();
  ConditionalModel q(training.visibleSize, training.environmentSize, options_.conditional);
  if (options_.maxPrepareWindows > 0 && total > options_.maxPrepareWindows) {
    // A uniform subset without replacement (partial Fisher–Yates), kept in the original order so that
    // q's internal held-out part still comes from the last samples.
    std::vector<std::size_t> index(total);
    for (std::size_t n = 0; n < total; ++n) index[n] = n;
    Xoshiro256pp rng = Xoshiro256pp::stream(options_.seed, StreamPurpose::Training, kSubsetStream);
    const std::size_t keep = options_.maxPrepareWindows;
    for (std::size_t n = 0; n < keep; ++n) std::swap(index[n], index[n + rng.below(total - n)]);
    index.resize(keep);
    std::sort(index.begin(), index.end());
    WindowSet subset;
    subset.visibleSize = training.visibleSize;
    subset.environmentSize = training.environmentSize;
    subset.visible.reserve(keep * subset.visibleSize);
    subset.environment.reserve(keep * subset.environmentSize);
    for (std::size_t n : index) {
      const auto v = training.visible.begin() + static_cast<std::ptrdiff_t>(n * subset.visibleSize);
      const auto e = training.environment.begin() + static_cast<std::ptrdiff_t>(n * subset.environmentSize);
      subset.visible.insert(subset.visible.end(), v, v + subset.visibleSize);
      subset.environment.insert(subset.environment.end(), e, e + subset.environmentSize);
    }
    report_ = q.train(subset, stop, progress);
  } else {
    report_ = q.train(training, stop, progress);
  }
  setConditional(std::move(q));
}

void ExactEstimator::setConditional(ConditionalModel q) {
  checkBlockSize(q.visibleCount());
  q_ = std::move(q);
  blockStates_ = allSpinStates(q_.visibleCount());
  if (!cache_) cache_ = std::make_unique<Cache>();  // a moved-from estimator being reused
  clearCache();
}

void ExactEstimator::clearCache() const {
  if (!cache_) return;  // moved from
  std::lock_guard lock(cache_->mutex);
  cache_->entries.clear();
}

double ExactEstimator::estimate(const HiddenConditional& rule, const WindowBatch& batch) const {
  return evaluate(rule, nullptr, batch, nullptr);
}

double ExactEstimator::score(const HiddenConditional& rule, const WindowSet& training, const WindowSet& heldOut,
                             std::stop_token stop) {
  if (!prepared()) prepare(training, stop);
  return estimate(rule, WindowBatch::all(heldOut));
}

double ExactEstimator::estimateWithGradient(const Filter& filter, const WindowBatch& batch, FilterGradient& gradient) {
  gradient = FilterGradient::zerosLike(filter);
  return evaluate(filter, &filter, batch, &gradient);
}

bool ExactEstimator::windowTerms(const HiddenConditional& rule, const WindowBatch& batch,
                                 std::vector<double>& terms) const {
  evaluate(rule, nullptr, batch, nullptr, &terms);
  return true;
}

double ExactEstimator::evaluate(const HiddenConditional& rule, const Filter* filter, const WindowBatch& batch,
                                FilterGradient* gradient, std::vector<double>* terms) const {
  if (!prepared()) throw std::logic_error("exact estimator: prepare() must run before estimating");
  const int nv = q_.visibleCount();
  if (rule.visibleCount() != nv)
    throw std::invalid_argument("exact estimator: the rule has " + std::to_string(rule.visibleCount()) +
                                " visible spins, the block has " + std::to_string(nv));
  if (!batch.windows || batch.windows->environmentSize != q_.environmentCount() ||
      batch.windows->visibleSize != nv)
    throw std::invalid_argument("exact estimator: the windows do not match the geometry q was trained on");
  if (batch.first + batch.count > batch.windows->count())
    throw std::invalid_argument("exact estimator: the batch lies outside its window set");
  const std::size_t N = batch.count;
  if (N == 0) return 0.0;
  const WindowSet& set = *batch.windows;
  const Eigen::Index K = q_.stateCount();

  // p(h|v) over all block states, once per call: all the rule contributes (SCIENCE.md §4 (a)).
  const Matrix pvh = rule.hiddenProbabilities(blockStates_);  // K × H
  const Eigen::Index H = pvh.cols();
  const Matrix pvhT = pvh.transpose();

  std::vector<Segment> segments;
  for (std::size_t b = batch.first, end = batch.first + N; b < end;) {
    const std::size_t chunkEnd = std::min(end, (b / kChunk + 1) * kChunk);
    segments.push_back({b, chunkEnd - b});
    b = chunkEnd;
  }

  // Where q(v|e_n) comes from: the cache for this window set (validated and filled chunk by chunk),
  // else one matrix for the batch if it fits the budget, else recomputed per segment and pass.
  // try_lock: a concurrent (or nested, via TBB work stealing) call just bypasses the cache.
  std::unique_lock<std::mutex> lock;
  if (cache_) lock = std::unique_lock(cache_->mutex, std::try_to_lock);
  std::shared_ptr<Cache::Entry> entry;
  const std::size_t setBytes = std::size_t(K) * set.count() * sizeof(double);
  if (lock.owns_lock() && setBytes <= options_.cacheBytes) {
    auto& cache = cache_->entries;
    for (auto& e : cache)
      if (e->set == &set && e->count == set.count()) entry = e;
    if (!entry) {
      std::erase_if(cache, [&](const auto& e) { return e->set == &set; });
      auto bytesOf = [&](const auto& e) { return std::size_t(e->q.size()) * sizeof(double); };
      std::size_t used = setBytes;
      for (auto& e : cache) used += bytesOf(e);
      while (!cache.empty() && (used > options_.cacheBytes || cache.size() >= kMaxCacheEntries)) {
        auto oldest = std::min_element(cache.begin(), cache.end(),
                                       [](const auto& a, const auto& b) { return a->lastUse < b->lastUse; });
        used -= bytesOf(*oldest);
        cache.erase(oldest);
      }
      entry = std::make_shared<Cache::Entry>();
      entry->set = &set;
      entry->count = set.count();
      entry->q.resize(K, static_cast<Eigen::Index>(set.count()));
      entry->hashes.assign((set.count() + kChunk - 1) / kChunk, 0);
      cache.push_back(entry);
    }
    entry->lastUse = ++cache_->useCounter;
    const std::size_t ne = static_cast<std::size_t>(set.environmentSize);
    tbb::parallel_for(std::size_t{0}, segments.size(), [&](std::size_t s) {
      const std::size_t c = segments[s].begin / kChunk, begin = c * kChunk;
      const std::size_t size = std::min(kChunk, set.count() - begin);
      const std::uint64_t h = fingerprint(set.environment.data() + begin * ne, size * ne);
      if (entry->hashes[c] == h) return;
      entry->q.middleCols(Eigen::Index(begin), Eigen::Index(size)) =
          q_.probabilitiesByColumn(environmentColumns(set, begin, size));
      entry->hashes[c] = h;
    });
  }
  Matrix batchQ;
  if (!entry && N * std::size_t(K) * sizeof(double) <= options_.cacheBytes)
    batchQ = q_.probabilitiesByColumn(environmentColumns(set, batch.first, N));
  // Q for a segment: a view when cached, else freshly computed into `scratch`.
  auto segmentQ = [&](const Segment& s, Matrix& scratch) -> Eigen::Ref<const Matrix> {
    if (entry) return entry->q.middleCols(Eigen::Index(s.begin), Eigen::Index(s.size));
    if (batchQ.size()) return batchQ.middleCols(Eigen::Index(s.begin - batch.first), Eigen::Index(s.size));
    scratch = q_.probabilitiesByColumn(environmentColumns(set, s.begin, s.size));
    return scratch;
  };

  // Pass 1: P(h|e_n) = Σ_v p(h|v) q(v|e_n), column n of an H × N matrix.
  Matrix phe(H, static_cast<Eigen::Index>(N));
  tbb::parallel_for(std::size_t{0}, segments.size(), [&](std::size_t s) {
    Matrix scratch;
    phe.middleCols(Eigen::Index(segments[s].begin - batch.first), Eigen::Index(segments[s].size)).noalias() =
        pvhT * segmentQ(segments[s], scratch);
  });
  const Vector ph = phe.rowwise().sum() / double(N);

  // I = (1/N) Σ_n Σ_h P(h|e_n) log[P(h|e_n)/P(h)], with p log p → 0; L holds the log ratio.
  Matrix logRatio(H, static_cast<Eigen::Index>(N));
  const Vector logPh = ph.cwiseMax(kTiny).array().log().matrix();
  double info = 0;
  if (terms) terms->assign(N, 0.0);
  for (Eigen::Index n = 0; n < phe.cols(); ++n) {
    double term = 0;
    for (Eigen::Index h = 0; h < H; ++h) {
      const double p = phe(h, n);
      logRatio(h, n) = std::log(std::max(p, kTiny)) - logPh(h);
      if (p > 0) term += p * logRatio(h, n);
    }
    info += term;
    if (terms) (*terms)[std::size_t(n)] = term;
  }
  info /= double(N);
  if (!gradient) return info;

  // Pass 2: M = (1/N) Σ_n q(·|e_n) L(·,n)ᵀ (K × H), reduced over a fixed partition of the segments.
  const int groups = static_cast<int>(std::min<std::size_t>(segments.size(), kMaxGroups));
  std::vector<Matrix> partial(groups);
  tbb::parallel_for(0, groups, [&](int g) {
    const std::size_t from = segments.size() * g / groups, to = segments.size() * (g + 1) / groups;
    partial[g] = Matrix::Zero(K, H);
    Matrix scratch;
    for (std::size_t s = from; s < to; ++s)
      partial[g].noalias() += segmentQ(segments[s], scratch) *
                              logRatio.middleCols(Eigen::Index(segments[s].begin - batch.first),
                                                  Eigen::Index(segments[s].size)).transpose();
  });
  Matrix M = partial[0];
  for (int g = 1; g < groups; ++g) M += partial[g];
  M /= double(N);

  // ∂I/∂λ_ij = Σ_{v,h} M(v,h) p(h|v) v_i (h_j − tanh θ_j(v)): with R = M ⊙ p(h|v),
  // A(v,j) = Σ_h R(v,h) h_j − tanh θ_j(v) Σ_h R(v,h), then ∂I/∂λ = Aᵀ V and ∂I/∂b_j = Σ_v A(v,j).
  const Matrix R = M.cwiseProduct(pvh);
  const Matrix hiddenStates = allSpinStates(filter->hiddenCount());
  const Matrix tanhTheta = filter->preActivations(blockStates_).array().tanh().matrix();
  const Matrix A = R * hiddenStates - (tanhTheta.array().colwise() * R.rowwise().sum().array()).matrix();
  gradient->weights.noalias() = A.transpose() * blockStates_;
  if (filter->hasBias) gradient->bias = A.colwise().sum().transpose();
  return info;
}

} // namespace rsmi
