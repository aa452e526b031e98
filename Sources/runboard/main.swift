import Foundation
import RunboardCommands

exit(await RunboardMain.main())
