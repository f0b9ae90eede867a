"""RQ workers: thin jobs over the domain functions in hotline/, and their schedule."""
