import TenkaiCLI
import TenkaiStacks

await TenkaiCommand.main(systems: allSystems)
