public enum FramesModule {}
