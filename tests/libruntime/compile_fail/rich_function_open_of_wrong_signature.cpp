// expect: weir: a function object's member `open` must be callable as `void open\(const weir::runtime_context&\)`
#include "weir/api.hpp"
struct tagger {
  void open(weir::runtime_context& ctx) {} // not const: would never be called
  int operator()(const int& x) { return x; }
};
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).map(tagger{}).print();
}
