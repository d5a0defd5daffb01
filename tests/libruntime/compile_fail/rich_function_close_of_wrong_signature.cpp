// expect: weir: a function object's member `close` must be callable as `void close\(\)`
#include "weir/api.hpp"
struct flusher final {
  void close(int code) {} // takes an argument: would never be called
  bool operator()(const int& x) { return x > 0; }
};
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).filter(flusher{}).print();
}
