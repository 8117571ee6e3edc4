import ArgumentParser
import TenkaiCLI

TenkaiCommand.main()
