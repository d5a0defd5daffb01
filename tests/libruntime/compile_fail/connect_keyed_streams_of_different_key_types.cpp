// expect: weir: connected keyed streams need one key type on both sides
#include "weir/api.hpp"
void job(weir::environment& env) {
  auto a = env.from_collection(std::vector<int>{1}).key_by([](const int& x) { return x; });
  auto b = env.from_collection(std::vector<std::string>{"x"})
             .key_by([](const std::string& s) { return s; });
  a.connect(b).co_map([](const int& x) { return x; }, [](const std::string&) { return 0; });
}
