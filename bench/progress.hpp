// Progress of a long run on stderr: on a terminal one line rewritten in place, "[done/total
// rows, elapsed] what"; into a file or a pipe (a CI log, `2> log`) one line per row with the
// elapsed time, so a long run shows where it is also there.
#pragma once

#include <string>

namespace bench {

class Progress {
  public:
    // `program` prefixes the lines written when stderr is not a terminal.
    explicit Progress(int total, std::string program = "laplace-bench");
    void step(const std::string &what); // the next row starts
    void skip(int rows) { count_ += rows; }
    void done();

  private:
    int total_, count_ = 0;
    bool terminal_;
    double start_;
    std::string program_;
};

} // namespace bench
