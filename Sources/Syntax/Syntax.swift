public enum SyntaxModule {}
