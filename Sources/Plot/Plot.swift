public enum PlotModule {}
